import { z } from 'zod';

/**
 * Limits every outbound request obeys. Config keys are snake_case like the rest
 * of the YAML. `allow_private` is the only way to reach loopback/private
 * addresses: exact origins (`http://127.0.0.1:8081`) or CIDRs (`10.0.0.0/8`),
 * meant for tests and the demo.
 */
export const FetchPolicySchema = z
  .object({
    connect_timeout_ms: z.number().int().positive().default(5_000),
    total_timeout_ms: z.number().int().positive().default(30_000),
    max_body_bytes: z
      .number()
      .int()
      .positive()
      .default(5 * 1024 * 1024),
    max_redirects: z.number().int().min(0).max(20).default(5),
    /** Descriptive, so publishers can tell who polls them; add a contact address in deployment config. */
    user_agent: z.string().min(1).default('sahelwatch/0.1 (Sahel news monitoring; feed reader)'),
    allow_private: z.array(z.string()).default([]),
    /** Ports a public host may be reached on; allow-listed origins and CIDRs may use any. */
    allowed_ports: z.array(z.number().int().min(1).max(65535)).default([80, 443, 8080, 8443]),
  })
  .strict();
export type FetchPolicy = z.infer<typeof FetchPolicySchema>;

/** The defaults, for callers that have no config at hand. */
export function defaultFetchPolicy(overrides: Partial<z.input<typeof FetchPolicySchema>> = {}): FetchPolicy {
  return FetchPolicySchema.parse(overrides);
}
