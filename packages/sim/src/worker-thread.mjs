// Piscina worker entry: registers tsx (the package runs from TypeScript sources), then serves jobs.
import { register } from 'tsx/esm/api';

register();
const { runJob } = await import('./jobs.ts');

export default function work(job) {
  return runJob(job);
}
