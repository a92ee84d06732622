// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.EFCore.Encryption;

namespace Microsoft.EntityFrameworkCore;

/// <summary>
/// Adds DataGuard's own tables to a model.
/// </summary>
public static class DataGuardModelBuilderExtensions
{
    /// <summary>The name of the table that holds the key ring.</summary>
    public const string KeyTableName = "DataGuardKeys";

    /// <summary>
    /// Adds the tables DataGuard stores its state in (the key ring: <c>DataGuardKeys</c>). Call it in <c>OnModelCreating</c> of the
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
        return modelBuilder;
    }
}
