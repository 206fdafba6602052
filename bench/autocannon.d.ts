// Minimal types for the parts of autocannon the benchmarks use (the package ships none).
declare module 'autocannon' {
  export interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (req: Request) => Request;
  }
  export interface Options {
    url: string;
    connections?: number;
    duration?: number;
    requests?: Request[];
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    /** this many requests in all instead of `duration` */
    amount?: number;
  }
  export interface Histogram {
    average: number;
    mean: number;
    p50: number;
    p99: number;
  }
  export interface Result {
    requests: Histogram & { total: number };
    latency: Histogram;
    non2xx: number;
    errors: number;
    timeouts: number;
    duration: number;
  }
  /** the running load: a promise of its result, and an emitter of each answer */
  function autocannon(opts: Options): Promise<Result> & { on(event: 'response', listener: () => void): void };
  export default autocannon;
}
