import { builder } from './builder.ts';
import './scalars.ts';
import './connection.ts';
import './figure.ts';
import './link.ts';
import './block.ts';
import './article.ts';
import './author.ts';
import './section.ts';

builder.queryType({});

export const schema = builder.toSchema({ sortSchema: true });
