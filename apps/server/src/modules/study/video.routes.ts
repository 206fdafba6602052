import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { paths } from '../../paths.ts';

/** The demo clips shipped in the repo; an installation points lessons at its own files here. */
export const VIDEO_DIR = paths.videos;

/**
 * Lesson videos for signed-in members, with HTTP range requests (206) so the player can seek. The
 * static plugin is registered inside this plugin's own scope so its `sendFile` does not clash with the
 * web app's.
 */
export const videoRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(fastifyStatic, { root: VIDEO_DIR, serve: false, wildcard: false });
  app.get(
    '/api/videos/:file',
    {
      config: { access: 'member' },
      schema: {
        tags: ['learning'],
        summary: '课节视频（支持 Range 分段请求）',
        params: z.object({ file: z.string().max(100) }),
      },
    },
    (req, reply) => {
      // Only plain names of files in the folder: no paths, no hidden files.
      if (!/^[a-z0-9][a-z0-9-]*\.mp4$/.test(req.params.file)) {
        return reply.status(404).send({ code: 'NOT_FOUND', message: '视频不存在' });
      }
      reply.header('cache-control', 'private, max-age=3600');
      return reply.sendFile(req.params.file, { dotfiles: 'deny' });
    },
  );
};
