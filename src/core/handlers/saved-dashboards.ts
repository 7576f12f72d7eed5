import type { Api } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { DashboardsRepo } from '../db/repos/dashboards';

/**
 * Saved, editable dashboards. The schema already bounds every field; what it cannot say is
 * checked here, naming the field and position: blank names, a name another dashboard holds,
 * two panels with one id (the editor addresses panels by id).
 */
export function savedDashboardHandlers(
  repo: DashboardsRepo,
  now: () => number,
): Pick<Api, 'dashboards.list' | 'dashboards.get' | 'dashboards.save' | 'dashboards.delete'> {
  return {
    async 'dashboards.list'() {
      return { items: repo.list() };
    },

    async 'dashboards.get'(input) {
      const found = repo.get(input.id);
      if (!found) throw new ApiError('not_found', `id: no dashboard ${input.id}`);
      return found;
    },

    async 'dashboards.save'(input) {
      const name = input.name.trim();
      if (name === '') throw new ApiError('bad_request', 'name: must not be blank');
      const seen = new Map<string, number>();
      input.panels.forEach((panel, i) => {
        const first = seen.get(panel.id);
        if (first !== undefined) throw new ApiError('bad_request', `panels[${i}].id: "${panel.id}" is already used by panels[${first}]`);
        seen.set(panel.id, i);
        panel.queries.forEach((q, j) => {
          if (q.trim() === '') throw new ApiError('bad_request', `panels[${i}].queries[${j}]: must not be blank`);
        });
      });
      const holder = repo.idByName(name);
      if (holder !== null && holder !== input.id) throw new ApiError('conflict', `name: a dashboard named "${name}" already exists`);
      const fields = { name, description: input.description?.trim() ?? '', panels: input.panels };
      if (input.id === undefined) return repo.create(fields, now());
      const updated = repo.update(input.id, fields, now());
      if (!updated) throw new ApiError('not_found', `id: no dashboard ${input.id}`);
      return updated;
    },

    async 'dashboards.delete'(input) {
      return { deleted: repo.delete(input.id) };
    },
  };
}
