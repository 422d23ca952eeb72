// Loads the deployment's topology: the TOPOLOGY_FILE (JSON or YAML) validated with parseTopology,
// or the embedded demo topology when none is configured. Problems become one-line ConfigErrors.
// The YAML parser is loaded only for a YAML file.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ZodError } from 'zod';
import { demoTopology } from '../migration/demo-topology';
import { parseTopology, type Topology } from '../migration/topology';
import { ConfigError } from './config';

function describe(error: unknown): string {
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    return `${issue.path.join('.') || 'root'}: ${issue.message}`;
  }
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

export async function parseTopologyText(text: string, fileName: string): Promise<unknown> {
  const extension = extname(fileName).toLowerCase();
  if (extension === '.json') return JSON.parse(text);
  // YAML is a superset of JSON, so every other extension goes through the YAML parser.
  const { default: YAML } = await import('yaml');
  return YAML.parse(text, { maxAliasCount: 100 });
}

export async function loadTopology(file: string | undefined): Promise<Topology> {
  if (!file) return demoTopology();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`TOPOLOGY_FILE cannot be read (${(error as NodeJS.ErrnoException).code ?? describe(error)}: ${JSON.stringify(file)})`);
  }
  try {
    return parseTopology(await parseTopologyText(text, file));
  } catch (error) {
    throw new ConfigError(`TOPOLOGY_FILE ${JSON.stringify(file)} is not a valid topology (${describe(error)})`);
  }
}
