import { errorBodySchema, lessonParamsSchema } from '@cpe/shared';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { memberOf } from '../../http/access.ts';
import { paths } from '../../paths.ts';
import { sendStored } from '../../storage/send-range.ts';
import type { Storage } from '../../storage/storage.ts';
import { STORED_PREFIX } from '../catalogue-admin/catalogue-admin.service.ts';
import type { StudyService } from './study.service.ts';

/** The demo clips shipped in the repo; an installation points lessons at its own files here. */
export const VIDEO_DIR = paths.videos;

// The lesson's file name comes from the catalogue, never from the request: plain names only.
const SAFE_NAME = /^[a-z0-9][a-z0-9-]*\.mp4$/;

/**
 * A lesson's video, only for a member who may study that lesson now (chosen institute, the current
 * year, fee paid, required courses before electives), checked on every request including each range
 * request (206) of the player. `no-cache` makes a browser ask again rather than replay a copy to
 * whoever signs in next. Uploaded videos (`storage:` names) are streamed from storage with ranges. The static plugin is registered inside this plugin's own scope so its
 * `sendFile` does not clash with the web app's.
 */
export const videoRoutes =
  (study: StudyService, storage: Storage): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(fastifyStatic, { root: VIDEO_DIR, serve: false, wildcard: false });
    app.get(
      '/api/lessons/:lessonId/video',
      {
        config: { access: 'member' },
        schema: {
          tags: ['learning'],
          summary: '课节视频（支持 Range 分段请求；仅当前可学习该课节的会员）',
          params: lessonParamsSchema,
          response: {
            400: errorBodySchema,
            402: errorBodySchema,
            404: errorBodySchema,
            409: errorBodySchema,
          },
        },
      },
      async (req, reply) => {
        const file = await study.video(memberOf(req), req.params.lessonId);
        // An uploaded video lives in storage under a random key: served through this check only.
        if (file.startsWith(STORED_PREFIX)) {
          reply.header('cache-control', 'private, no-cache');
          return sendStored(reply, storage, file.slice(STORED_PREFIX.length), req.headers.range, 'video/mp4');
        }
        if (!SAFE_NAME.test(file)) {
          return reply.status(404).send({ code: 'NOT_FOUND', message: '视频不存在' });
        }
        reply.header('cache-control', 'private, no-cache');
        return reply.sendFile(file, { dotfiles: 'deny', cacheControl: false });
      },
    );
  };
