// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DataGuard.EFCore.Encryption;
using DataGuard.EFCore.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DataGuard.EFCore.Tokenization;

/// <summary>
/// Describes the token vault's <c>Value</c> column to the re-encryption job as one more protected table (key: <c>Lookup</c>), so that
/// after a data-key rotation the vault's ciphertexts are rewritten under the active key with the job's keyset reads and
/// compare-and-swap updates, like every encrypted column of the model.
/// </summary>
/// <remarks>Only the data key is covered: the <c>Lookup</c> keys (blind indexes under the index key) are not recomputed, so an
/// index-key rotation of the vault is not handled by the job.</remarks>
internal static class TokenVaultReencryption
{
    /// <summary>The vault table of <paramref name="context"/>'s model, or nothing when the model has no vault.</summary>
    /// <exception cref="InvalidOperationException">The model has the vault table but field encryption is not configured.</exception>
    public static IEnumerable<ProtectedTable> Tables(DbContext context)
    {
        var entityType = context.Model.FindEntityType(typeof(DataGuardTokenEntity));
        if (entityType?.GetTableName() is not { } name)
        {
            return [];
        }

        var encryptor = context.GetService<IDbContextOptions>().FindExtension<DataGuardOptionsExtension>()?.Encryptor
            ?? throw new InvalidOperationException(
                $"The model of {context.GetType().Name} has the {TokenVaultStore.TableName} token vault, whose values are encrypted, but field encryption "
                + "is not configured. Call services.AddDataGuard(dg => dg.UseEntityFrameworkCore<TContext>()) or AddFieldEncryption().");
        var schema = entityType.GetSchema();
        var table = StoreObjectIdentifier.Table(name, schema);
        string Column(string property) => entityType.FindProperty(property)!.GetColumnName(table)!;
        return
        [
            new ProtectedTable
            {
                Name = name,
                Schema = schema,
                KeyColumns = [Column(nameof(DataGuardTokenEntity.Lookup))],
                Columns = [new ProtectedColumn(Column(nameof(DataGuardTokenEntity.Value)), TokenVaultStore.ProtectorFor(encryptor), IndexColumn: null)],
            },
        ];
    }
}
