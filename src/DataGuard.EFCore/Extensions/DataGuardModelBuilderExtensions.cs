// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.EFCore.Auditing;
using DataGuard.EFCore.Encryption;
using DataGuard.EFCore.Retention;
using DataGuard.EFCore.Tokenization;

namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Adds DataGuard's own tables to a model.
/// </summary>
public static class DataGuardModelBuilderExtensions
{
    /// <summary>The name of the table that holds the key ring.</summary>
    public const string KeyTableName = "DataGuardKeys";

    /// <summary>The name of the token vault table.</summary>
    public const string TokenTableName = TokenVaultStore.TableName;

    /// <summary>
    /// Adds the tables DataGuard stores its state in: the key ring (<c>DataGuardKeys</c>) and the token vault (<c>DataGuardTokens</c>:
    /// the blind-index lookup of (tenant, value) as primary key, the token with a unique index, the encrypted value, the tenant, the
    /// format and the creation time; tokenized properties write to it with the application's connection and transaction), the audit
    /// trail (<c>DataGuardAudit*</c>) and retention (<c>DataGuardLegalHolds</c>, <c>DataGuardRetentionChoices</c>, <c>DataGuardLeases</c>,
    /// <c>DataGuardRetentionRuns</c>). Call it in <c>OnModelCreating</c> of the
    /// context passed to <c>UseEntityFrameworkCore&lt;TContext&gt;()</c>, then add a migration.
    /// </summary>
    /// <param name="modelBuilder">The model builder.</param>
    /// <returns>The value of <paramref name="modelBuilder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="modelBuilder"/> is <see langword="null"/>.</exception>
    public static ModelBuilder AddDataGuard(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<DataGuardKeyEntity>(key =>
        {
            key.ToTable(KeyTableName);
            key.HasKey(k => k.Id);
            key.Property(k => k.Scope).HasMaxLength(256);
            key.Property(k => k.KeyEncryptionKeyId).HasMaxLength(256).IsRequired();
            key.Property(k => k.WrappedKey).HasMaxLength(4096);
        });
        modelBuilder.Entity<DataGuardTokenEntity>(token =>
        {
            token.ToTable(TokenTableName);
            token.HasKey(t => t.Lookup);
            token.Property(t => t.Lookup).HasMaxLength(64);
            token.Property(t => t.Token).HasMaxLength(64).IsRequired();
            token.HasIndex(t => t.Token).IsUnique();
            token.Property(t => t.Value).IsRequired();
            token.Property(t => t.TenantId).HasMaxLength(256);
        });
        AuditModel.Add(modelBuilder);
        RetentionModel.Add(modelBuilder);
        return modelBuilder;
    }
}
