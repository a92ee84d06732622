// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.IntegrationTests.Logging;

/// <summary>A one-table context without DataGuard's model conventions.</summary>
public sealed class LoggedCallDbContext(DbContextOptions<LoggedCallDbContext> options) : DbContext(options)
{
    public DbSet<LoggedCall> Calls => Set<LoggedCall>();
}
