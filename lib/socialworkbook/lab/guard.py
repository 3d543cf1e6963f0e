"""The contents manager `socialworkbook lab` starts JupyterLab with: published runs are read-only.

A file inside a run folder (a folder holding run.json, `runfolder.published_run_of`) is reported
to JupyterLab as not writable, so JupyterLab opens it read-only (a lock in its tab; no autosave),
and a save, rename or delete of it is refused with a sentence saying where to work instead: the
period's workbench copy (`socialworkbook lab CLIENT`). Everything else is saved as usual.
"""

from __future__ import annotations

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from tornado import web

from ..runfolder import WORKBENCH, published_run_of

__all__ = ["RunFolderGuard"]


class RunFolderGuard(AsyncLargeFileManager):
    """JupyterLab's file manager, refusing to write into a published run folder."""

    def _published(self, path: str) -> bool:
        return published_run_of(self._get_os_path(path.strip("/"))) is not None

    def _refuse(self, path: str) -> None:
        if self._published(path):
            raise web.HTTPError(
                403,
                f"{path} belongs to a published run and is never changed. Work in your own "
                f"copy instead (notebooks/<client>/{WORKBENCH}/<period>/, opened by "
                "`socialworkbook lab CLIENT`); `socialworkbook run CLIENT --force` publishes "
                "a new run.",
            )

    def is_writable(self, path):
        return not self._published(path) and super().is_writable(path)

    async def save(self, model, path=""):
        self._refuse(path)
        return await super().save(model, path)

    async def delete_file(self, path):
        self._refuse(path)
        return await super().delete_file(path)

    async def rename_file(self, old_path, new_path):
        self._refuse(old_path)
        self._refuse(new_path)
        return await super().rename_file(old_path, new_path)

    async def create_checkpoint(self, path):
        self._refuse(path)  # a checkpoint would be a new file in the run folder
        return await super().create_checkpoint(path)

    async def restore_checkpoint(self, checkpoint_id, path):
        self._refuse(path)
        return await super().restore_checkpoint(checkpoint_id, path)
