import type { Api } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { Retention } from '../../shared/api/schemas/retention';
import { RetentionRepo } from '../db/repos/retention';
import { archiveDir } from '../retention/archive';
import { RETENTION_LEVELS, retentionAgeProblem } from '../retention/policy';
import type { HandlerContext } from './context';

/** Retention: how long lines of each level are kept, and what the job has archived and deleted. */
export function retentionHandlers(ctx: HandlerContext): Pick<Api, 'retention.get' | 'retention.set'> {
  // Its own repo on the handlers' connection; the job keeps its totals in the same settings rows.
  const repo = new RetentionRepo(ctx.db);
  const dir = archiveDir(ctx.info.dataDir);
  const current = (): Retention => ({ policy: repo.policy(), stats: { ...repo.totals(), archive_dir: dir } });
  return {
    async 'retention.get'() {
      return current();
    },

    async 'retention.set'(input) {
      const policy = repo.policy();
      for (const level of RETENTION_LEVELS) {
        const age = input.policy[level];
        if (age === undefined) continue;
        const problem = retentionAgeProblem(level, age);
        if (problem) throw new ApiError('bad_request', problem);
        policy[level] = age;
      }
      repo.savePolicy(policy);
      return current();
    },
  };
}
