import { type Router } from 'express';
import { type Noark5Deps } from '../http';

/** PLACEHOLDER (replaced at merge): the deliveries of the service interface, by helper "writes". */
export function writeRoutes(_router: Router, _deps: Noark5Deps): void {}
