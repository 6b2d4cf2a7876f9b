import { isObject } from './problems.js';
import { fail, failWithProblems, jsonField, ok, stringArg, type MethodHandler } from './results.js';

/** The three-step upload files.uploadV2 performs; the upload URL itself is served by the server. */
export const fileMethods: Record<string, MethodHandler> = {
  'files.getUploadURLExternal': (args, { state, baseUrl }) => {
    const filename = stringArg(args, 'filename');
    const length = Number(args.length);
    const problems = [
      ...(filename ? [] : ['filename: missing required field']),
      ...(Number.isInteger(length) && length > 0 ? [] : ['length: must be a positive integer']),
    ];
    if (!filename || problems.length > 0) return failWithProblems('invalid_arguments', problems);
    const fileId = state.nextId('F');
    state.files.set(fileId, { fileId, filename, length, bytes: undefined, completed: false });
    return ok({ upload_url: `${baseUrl}/upload/${fileId}`, file_id: fileId });
  },

  'files.completeUploadExternal': (args, { state }) => {
    const files = jsonField(args, 'files');
    if (!Array.isArray(files) || files.length === 0 || !files.every((f) => isObject(f) && typeof f.id === 'string')) {
      return failWithProblems('invalid_arguments', ['files: must be a JSON array of {"id", "title"}']);
    }
    const entries = (files as Array<{ id: string; title?: unknown }>).map((entry) => ({
      entry,
      file: state.files.get(entry.id),
    }));
    for (const { file } of entries) {
      if (!file) return fail('file_not_found');
      // Slack only completes what reached the upload URL.
      if (!file.bytes) return fail('file_upload_not_complete');
    }
    const channelId = stringArg(args, 'channel_id') ?? stringArg(args, 'channels')?.split(',')[0];
    const initialComment = stringArg(args, 'initial_comment');
    const done = entries.flatMap(({ entry, file }) => {
      if (!file) return [];
      file.completed = true;
      if (channelId) file.channelId = channelId;
      if (initialComment) file.initialComment = initialComment;
      if (typeof entry.title === 'string' && entry.title !== '') file.title = entry.title;
      return [{ id: file.fileId, name: file.filename, title: file.title ?? file.filename }];
    });
    return ok({ files: done });
  },

  /** A shared file's details; its url_private_download answers only with a token (see FakeSlack.shareFile). */
  'files.info': (args, { state, baseUrl }) => {
    const id = stringArg(args, 'file');
    if (!id) return failWithProblems('invalid_arguments', ['file: missing required field']);
    const file = state.sharedFiles.get(id);
    if (!file) return fail('file_not_found');
    return ok({
      file: {
        id: file.id,
        name: file.name,
        title: file.name,
        filetype: file.filetype,
        mimetype: file.mimetype,
        size: file.bytes.length,
        user: file.user,
        url_private: `${baseUrl}/files-pri/${file.id}/${encodeURIComponent(file.name)}`,
        url_private_download: `${baseUrl}/files-pri/${file.id}/download/${encodeURIComponent(file.name)}`,
      },
    });
  },

  // Retired by Slack in favour of the external upload above.
  'files.upload': () => fail('method_deprecated'),
};
