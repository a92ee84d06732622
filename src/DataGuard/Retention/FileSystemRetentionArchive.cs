// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard.Retention;

/// <summary>The default archive: JSON lines of stored values under <see cref="RetentionOptions.ArchiveDirectory"/>. STUB: helper B implements.</summary>
internal sealed class FileSystemRetentionArchive : IRetentionArchive
{
    public Task ArchiveAsync(RetentionArchiveBatch batch, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
