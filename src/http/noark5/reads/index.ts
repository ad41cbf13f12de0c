import { type Router } from 'express';
import { type Noark5Deps } from '../http';

/** PLACEHOLDER (replaced at merge): the reads of the service interface, by helper "reads". */
export function readRoutes(_router: Router, _deps: Noark5Deps): void {}
