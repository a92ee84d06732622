// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

[Collection(SqliteCollection.Name)]
public sealed class DiamondDependentsSqliteTests(SqliteFixture database) : DiamondDependentsTests<SqliteFixture>(database);
