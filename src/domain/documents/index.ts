export * from './files';
export * from './store';
