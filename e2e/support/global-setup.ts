import type { TestProject } from 'vitest/node';
import { buildWeb, startServer } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** One build and one server for all browser journeys of a run. */
export default async function setup(project: TestProject) {
  buildWeb();
  const server = await startServer();
  project.provide('baseUrl', server.url);
  return () => server.stop();
}
