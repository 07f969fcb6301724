import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { consoleLinker } from '../../src/delivery/config.js';
import { ValidationError } from '../../src/core/validate.js';

function problemsOf(file: string): string[] {
  try {
    loadConfig(file, {});
  } catch (err) {
    if (err instanceof ValidationError) return err.problems;
    throw err;
  }
  throw new Error(`${file} was accepted`);
}

describe('configuration file', () => {
  it('reports malformed YAML with file, line and column', () => {
    const problems = problemsOf('tests/fixtures/config/malformed.yaml');
    // The mis-indented key on line 5 is the first thing reported, located where it stands.
    expect(problems[0]).toBe('tests/fixtures/config/malformed.yaml:5:1 YAML syntax: Sequence item without - indicator');
    for (const problem of problems) expect(problem).toMatch(/^tests\/fixtures\/config\/malformed\.yaml:\d+:\d+ YAML syntax: \S/);
  });

  it('reports every schema violation with its line, key path and what was expected', () => {
    const problems = problemsOf('tests/fixtures/config/bad-values.yaml');
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^tests\/fixtures\/config\/bad-values\.yaml:2:11 redis\.prefix: letters, digits, - and _ only, optionally in \{braces\} for Redis Cluster$/);
    expect(problems[1]).toMatch(/^tests\/fixtures\/config\/bad-values\.yaml:4:9 http\.port: Too big: expected number to be <=65535$/);
    expect(problems[2]).toMatch(/^tests\/fixtures\/config\/bad-values\.yaml:9:20 feeds\[0\]\.interval_secs: /);
  });

  it('refuses a receiver template that does not parse, names an unknown variable or skips escaping, one line each naming file and receiver', () => {
    const problems = problemsOf('tests/fixtures/config/bad-templates.yaml');
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^tests\/fixtures\/config\/bad-templates\.yaml:7:16 delivery\.receivers\.desk\.template\.title: template: unknown variable "titel" \(known: severity, title, /);
    expect(problems[1]).toMatch(/^tests\/fixtures\/config\/bad-templates\.yaml:12:15 delivery\.receivers\.mail\.template\.body: template: does not parse: Unclosed section "status"/);
    expect(problems[2]).toMatch(/^tests\/fixtures\/config\/bad-templates\.yaml:17:15 delivery\.receivers\.raw\.template\.body: template: \{\{\{title\}\}\} and \{\{& title\}\} are not allowed/);
    // A group title sees the group's variables only.
    expect(problems[3]).toMatch(/^tests\/fixtures\/config\/bad-templates\.yaml:18:22 delivery\.receivers\.raw\.template\.group_title: template: unknown variable "title" \(known: count, severity, labels, reminder\)$/);
    for (const problem of problems) expect(problem).not.toContain('\n');
  });

  it('names a missing --config file instead of starting on defaults', () => {
    expect(problemsOf('tests/fixtures/config/does-not-exist.yaml')[0]).toBe(
      'tests/fixtures/config/does-not-exist.yaml: cannot read (ENOENT)',
    );
  });

  it('takes REDIS_URL from the environment over the file', () => {
    const config = loadConfig('sahelwatch.yaml', { REDIS_URL: 'redis://10.1.2.3:6380' });
    expect(config.redis.url).toBe('redis://10.1.2.3:6380');
    expect(config.feeds.length).toBeGreaterThan(5);
  });
});

describe('delivery.external_url: where notifications link to', () => {
  it('is the console itself unless set, SAHELWATCH_EXTERNAL_URL overrides the file, and a wildcard bind links to localhost', () => {
    expect(loadConfig('sahelwatch.yaml', {}).delivery.external_url).toBe('http://127.0.0.1:8080');
    expect(loadConfig('sahelwatch.yaml', { SAHELWATCH_HTTP_HOST: '0.0.0.0', SAHELWATCH_HTTP_PORT: '9090' }).delivery.external_url).toBe('http://localhost:9090');
    expect(loadConfig('sahelwatch.yaml', { SAHELWATCH_EXTERNAL_URL: 'https://watch.example.org/sw/' }).delivery.external_url).toBe('https://watch.example.org/sw/');
    expect(consoleLinker('https://watch.example.org/sw/')?.('al_1')).toBe('https://watch.example.org/sw/#alert=al_1');
    expect(consoleLinker(undefined)).toBeUndefined();
  });
});
