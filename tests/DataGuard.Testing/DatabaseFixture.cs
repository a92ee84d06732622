// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DataGuard.Testing;

/// <summary>
/// A real database engine for integration tests. The same tests run against every fixture (SQLite and PostgreSQL),
/// so provider differences surface early.
/// </summary>
public abstract class DatabaseFixture : IAsyncLifetime
{
    /// <summary>Gets the provider's short name (<c>sqlite</c>, <c>postgres</c>).</summary>
    public abstract string Provider { get; }

    /// <summary>Creates a new, empty database and returns its connection string.</summary>
    public abstract Task<string> CreateDatabaseAsync();

    /// <summary>Configures EF Core for this provider.</summary>
    public abstract DbContextOptionsBuilder Use(DbContextOptionsBuilder builder, string connectionString);

    /// <summary>Skips the calling test (or fails it under <c>CI=true</c>) when the engine is unavailable on this machine.</summary>
    public virtual void EnsureAvailable()
    {
    }

    /// <inheritdoc />
    public abstract Task InitializeAsync();

    /// <inheritdoc />
    public abstract Task DisposeAsync();
}
