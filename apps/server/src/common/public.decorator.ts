import { SetMetadata } from '@nestjs/common';

/** Marks a route that needs no access token (the JWT guard is global). */
export const IS_PUBLIC = 'isPublic';
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
