// The worker's entry: the project runs TypeScript through tsx, which a worker thread does not inherit.
import { tsImport } from 'tsx/esm/api';

await tsImport('./inspect.worker.ts', import.meta.url);
