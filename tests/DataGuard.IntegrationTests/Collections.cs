// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Testing;
using Xunit;

namespace DataGuard.IntegrationTests;

/// <summary>One throwaway PostgreSQL server for the whole assembly.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}

/// <summary>One SQLite temp directory for the whole assembly.</summary>
[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteFixture>
{
    public const string Name = "SQLite";
}
