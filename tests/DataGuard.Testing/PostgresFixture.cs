// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DataGuard.Testing;

/// <summary>
/// One throwaway PostgreSQL server per test assembly (use it as a collection fixture). When the binaries are missing the tests
/// are skipped with the reason, except under <c>CI=true</c>, where they fail.
/// </summary>
public sealed class PostgresFixture : DatabaseFixture
{
    private PostgresServer? _server;
    private string? _unavailableReason;

    /// <summary>Gets the server, or <see langword="null"/> when it could not start.</summary>
    public PostgresServer? Server => _server;

    /// <inheritdoc />
    public override string Provider => "postgres";

    /// <summary>Gets a value indicating whether a skip must fail the run (<c>CI=true</c>).</summary>
    public static bool SkipIsFailure => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override async Task<string> CreateDatabaseAsync()
    {
        EnsureAvailable();
        return await _server!.CreateDatabaseAsync();
    }

    /// <inheritdoc />
    public override DbContextOptionsBuilder Use(DbContextOptionsBuilder builder, string connectionString) => builder.UseNpgsql(connectionString);

    /// <inheritdoc />
    public override void EnsureAvailable()
    {
        if (_server is not null)
        {
            return;
        }

        var reason = "PostgreSQL tests skipped: " + (_unavailableReason ?? "the server was not started.");
        if (SkipIsFailure)
        {
            throw new InvalidOperationException(reason + " Under CI=true a skipped PostgreSQL test is a failure: install the postgresql package (.ci/run does).");
        }

        Skip.If(true, reason);
    }

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        var bin = PostgresServer.FindBinDirectory();
        if (bin is null)
        {
            _unavailableReason = "initdb/pg_ctl were not found on PATH or in /usr/lib/postgresql/*/bin (apt-get install postgresql).";
            return;
        }

        try
        {
            _server = await PostgresServer.StartAsync(bin);
        }
        catch (Exception ex)
        {
            _unavailableReason = "the server did not start: " + ex.Message;
        }
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
