import type { Api } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { SavedSearchesRepo } from '../db/repos/searches';
import type { HandlerContext } from './context';
import { logFilterFrom } from './log-filter-input';

/** Saved searches: named log queries, unique by name. */
export function searchesHandlers(ctx: HandlerContext): Pick<Api, 'searches.list' | 'searches.save' | 'searches.delete'> {
  // Its own repo on the handlers' connection: no other domain reads saved searches.
  const repo = new SavedSearchesRepo(ctx.db);
  return {
    async 'searches.list'() {
      return { items: repo.list() };
    },

    async 'searches.save'(input) {
      const name = input.name.trim();
      if (name === '') throw new ApiError('bad_request', 'name: must not be blank');
      // Refuse now what would fail every time the search is run: bad levels or time bounds.
      logFilterFrom(input.query, ctx.now(), null, false);
      const query = Object.fromEntries(Object.entries(input.query).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
      return repo.save(name, query, ctx.now());
    },

    async 'searches.delete'(input) {
      return { deleted: repo.delete(input.id) };
    },
  };
}
