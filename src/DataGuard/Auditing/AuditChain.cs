// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DataGuard.Auditing;

/// <summary>Seals events into a stream's hash chain and verifies chains. SKELETON: helper A implements.</summary>
internal sealed class AuditChain
{
    /// <summary>Seals events (already validated and redacted by the pipeline) after <paramref name="head"/>; normalises timestamps to whole microseconds UTC.</summary>
    public IReadOnlyList<AuditRecord> Seal(string stream, AuditChainHead head, IReadOnlyList<AuditEvent> events)
        => throw new NotImplementedException();
}
