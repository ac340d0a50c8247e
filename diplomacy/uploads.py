"""How uploaded files are received: in memory and bounded, never written to disk."""

from __future__ import annotations

from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class BoundedMemoryUploadHandler(FileUploadHandler):
    """Keep each uploaded file in memory up to ``UPLOAD_MAX_BYTES``, and at most
    ``UPLOAD_MAX_FILES`` of them per request.

    Django's default handlers write any file over 2.5 MB to a temporary file and read it whole, so
    a large upload fills the disk before the view can refuse it. Here the bytes past the limit are
    counted and dropped: the file keeps its real ``size`` (the upload service rejects it as too
    large, saying how large) but never more than the limit in memory."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.files_seen = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.files_seen = getattr(self, "files_seen", 0) + 1
        self.buffer = BytesIO()
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        room = settings.UPLOAD_MAX_BYTES - self.received
        # Beyond the number of files an upload may have, the form refuses the request anyway.
        if room > 0 and self.files_seen <= settings.UPLOAD_MAX_FILES:
            self.buffer.write(raw_data[:room])
        self.received += len(raw_data)
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
