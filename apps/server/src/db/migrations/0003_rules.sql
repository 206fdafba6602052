-- Rule data (rule sets, output-hour catalogue, exemption grounds, provincial overlays) per year, as
-- published versions. A correction is a new version; old versions stay so every decision can name the
-- version it used.
CREATE TABLE rule_versions (
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  version integer NOT NULL CHECK (version >= 1),
  data jsonb NOT NULL,
  note text NOT NULL,
  published_by integer REFERENCES staff(id),
  published_at timestamptz NOT NULL,
  PRIMARY KEY (year, version)
);
