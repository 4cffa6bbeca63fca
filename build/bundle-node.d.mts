import type { BuildOptions } from 'esbuild';

export function bundleNode(entry: string, outfile: string, options?: BuildOptions): Promise<string>;
