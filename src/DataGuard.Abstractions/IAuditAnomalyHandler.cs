// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading;
using System.Threading.Tasks;

namespace DataGuard;

/// <summary>Is told of every <see cref="AuditAnomaly"/> (register any number in the service collection).</summary>
public interface IAuditAnomalyHandler
{
    /// <summary>Handles an anomaly (for example by alerting). Exceptions are logged, never thrown to the audited caller.</summary>
    /// <param name="anomaly">The anomaly.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the anomaly is handled.</returns>
    ValueTask OnAnomalyAsync(AuditAnomaly anomaly, CancellationToken cancellationToken = default);
}
