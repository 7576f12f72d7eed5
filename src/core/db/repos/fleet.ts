/** Kept for existing importers: spacecraft and endpoints each have their own repo module now. */
export { SpacecraftRepo, type SpacecraftRow } from './spacecraft';
export { EndpointsRepo } from './endpoints';
