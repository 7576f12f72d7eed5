import type { ENDPOINT_KINDS} from '../../../../shared/api/schemas/fleet';
import { type EndpointInput } from '../../../../shared/api/schemas/fleet';

export interface EndpointFormValues {
  name: string;
  kind: (typeof ENDPOINT_KINDS)[number] | '';
  endpoint_url: string;
  spacecraft_id: string;
  check_interval: string;
  timeout: string;
}

export const EMPTY_ENDPOINT_FORM: EndpointFormValues = { name: '', kind: '', endpoint_url: '', spacecraft_id: '', check_interval: '', timeout: '' };

/** Blank optional fields are left out so the station applies its defaults (and kind from the URL). */
export function toEndpointInput(v: EndpointFormValues): EndpointInput {
  const input: EndpointInput = { endpoint_url: v.endpoint_url.trim() };
  if (v.name.trim()) input.name = v.name.trim();
  if (v.kind) input.kind = v.kind;
  if (v.spacecraft_id.trim()) input.spacecraft_id = v.spacecraft_id.trim();
  if (v.check_interval.trim()) input.check_interval = v.check_interval.trim();
  if (v.timeout.trim()) input.timeout = v.timeout.trim();
  return input;
}
