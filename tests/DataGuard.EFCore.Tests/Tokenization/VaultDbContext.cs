// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.EFCore.Tests.Tokenization;

/// <summary>A context with only DataGuard's tables (key ring and token vault).</summary>
public sealed class VaultDbContext(DbContextOptions<VaultDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddDataGuard();
}
