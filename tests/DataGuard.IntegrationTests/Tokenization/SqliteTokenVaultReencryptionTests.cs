// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Tokenization;

[Collection(SqliteCollection.Name)]
public sealed class SqliteTokenVaultReencryptionTests(SqliteFixture database) : TokenVaultReencryptionTests<SqliteFixture>(database);
