// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace DataGuard.EFCore.Retention;

/// <summary>Loads the holds in force. STUB: helper B implements.</summary>
internal static class LegalHoldReader
{
    /// <summary>Loads the holds in force at <paramref name="now"/> (not lifted, not expired), decrypting subject identifiers.</summary>
    public static Task<ActiveLegalHolds> LoadAsync(DbContext context, DataGuard.Encryption.FieldEncryptor encryptor, DateTimeOffset now, CancellationToken cancellationToken)
        => throw new NotImplementedException();
}
