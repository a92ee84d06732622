// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Testing.Model;
using Microsoft.EntityFrameworkCore;

namespace DataGuard.EFCore.Tests.Model;

/// <summary>A context whose model forgot <c>modelBuilder.AddDataGuard()</c>, so it has no table for the key ring.</summary>
public sealed class NoKeyTableDbContext(DbContextOptions<NoKeyTableDbContext> options) : DbContext(options)
{
    public DbSet<CallLog> CallLogs => Set<CallLog>();
}
