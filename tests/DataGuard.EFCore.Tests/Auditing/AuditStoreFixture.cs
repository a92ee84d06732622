// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading.Tasks;
using DataGuard.Testing;
using Xunit;

namespace DataGuard.EFCore.Tests.Auditing;

/// <summary>SQLite databases for the audit store tests (each test starts its own host on a new database).</summary>
public sealed class AuditStoreFixture : IAsyncLifetime
{
    public SqliteFixture Database { get; } = new();

    public Task InitializeAsync() => Database.InitializeAsync();

    public Task DisposeAsync() => Database.DisposeAsync();
}
