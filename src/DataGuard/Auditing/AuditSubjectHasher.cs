// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DataGuard.Auditing;

/// <summary>SKELETON: helper A implements.</summary>
internal sealed class AuditSubjectHasher : IAuditSubjectHasher
{
    public string Hash(string identifier) => throw new NotImplementedException();

    public IReadOnlyList<string> HashCandidates(string identifier) => throw new NotImplementedException();

    public bool IsHash(string value) => throw new NotImplementedException();
}
