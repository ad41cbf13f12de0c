export * from './files';
export * from './store';
export * from './pdfa';
