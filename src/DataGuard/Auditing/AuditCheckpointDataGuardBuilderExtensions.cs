// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Linq;
using DataGuard.Auditing;
using Microsoft.Extensions.DependencyInjection;

namespace DataGuard;

/// <summary>Exports audit checkpoints outside the database.</summary>
public static class AuditCheckpointDataGuardBuilderExtensions
{
    /// <summary>
    /// Appends every audit checkpoint (taken by <see cref="IAuditTrail.CreateCheckpointAsync"/> or every <c>AuditOptions.CheckpointInterval</c>)
    /// to a file, one JSON line each, flushed to disk. Keep the file where the database's writers cannot change it: a checkpoint is what
    /// lets <see cref="IAuditTrail.VerifyAsync(AuditCheckpoint, System.Threading.CancellationToken)"/> detect a truncated or rewritten chain.
    /// Registering the same path again has no effect; each path gets its own sink. Requires <c>AddAudit()</c>.
    /// </summary>
    /// <param name="builder">The DataGuard builder.</param>
    /// <param name="path">The file (created with its directory when missing).</param>
    /// <returns>The value of <paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or white space.</exception>
    public static IDataGuardBuilder ExportAuditCheckpointsToFile(this IDataGuardBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var registered = builder.Services.Any(d => d.ServiceType == typeof(IAuditCheckpointSink)
            && d.ImplementationInstance is FileAuditCheckpointSink sink
            && string.Equals(sink.Path, fullPath, StringComparison.Ordinal));
        if (!registered)
        {
            builder.Services.AddSingleton<IAuditCheckpointSink>(new FileAuditCheckpointSink(fullPath));
        }

        return builder;
    }
}
