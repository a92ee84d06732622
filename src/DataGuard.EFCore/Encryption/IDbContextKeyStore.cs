// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.EFCore.Encryption;

/// <summary>A key store backed by a <c>DbContext</c>, so start-up validation can check that context's model.</summary>
internal interface IDbContextKeyStore
{
    Type ContextType { get; }
}
