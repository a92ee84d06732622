// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DataGuard.Testing;

/// <summary>SQLite databases as files in a temp directory, deleted after the run.</summary>
public sealed class SqliteFixture : DatabaseFixture
{
    private int _counter;

    /// <summary>Gets the temp directory that holds the database files.</summary>
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "dataguard-sqlite-" + Guid.NewGuid().ToString("N")[..12]);

    /// <inheritdoc />
    public override string Provider => "sqlite";

    /// <inheritdoc />
    public override Task<string> CreateDatabaseAsync()
    {
        var file = Path.Combine(Directory, $"db{Interlocked.Increment(ref _counter)}.sqlite");
        return Task.FromResult(new SqliteConnectionStringBuilder { DataSource = file, DefaultTimeout = 60 }.ToString());
    }

    /// <inheritdoc />
    public override DbContextOptionsBuilder Use(DbContextOptionsBuilder builder, string connectionString) => builder.UseSqlite(connectionString);

    /// <inheritdoc />
    public override Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        return Task.CompletedTask;
    }
}
