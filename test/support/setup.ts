// Decorators read their metadata through reflect-metadata, loaded before any entity or resolver.
import 'reflect-metadata';
