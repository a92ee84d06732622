// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading.Tasks;
using DataGuard.Testing;
using DataGuard.Testing.Model;
using Xunit;

namespace DataGuard.EFCore.Tests.Fixtures;

/// <summary>One host over the shared test model on a SQLite file, for a test class whose tests each write their own rows.</summary>
public sealed class SharedHostFixture : IAsyncLifetime
{
    private TestHost<TestDbContext>? _host;

    public SqliteFixture Database { get; } = new();

    public TestHost<TestDbContext> Host => _host!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        _host = await TestHost.StartAsync(Database);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await Database.DisposeAsync();
    }
}
