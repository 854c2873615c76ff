export { startConnectEmulator, DEFAULT_MAX_SCHEDULE_AHEAD_SECONDS } from './server';
export type { ConnectEmulator, ConnectEmulatorOptions } from './server';
export type { Fault } from './faults';
export type { ThrottleOptions } from './throttle';
export { DEFAULT_SEED_PATH, readSeed } from './state';
export type { Channel, Contact, Seed, SeedInstance } from './state';
export type { AgentAction } from './agent';
export type { ContactEventListener } from './contact-events';
export { CHAIN_LIMIT } from './operations';
