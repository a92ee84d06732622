// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.Encryption;
using Microsoft.EntityFrameworkCore;

namespace DataGuard.IntegrationTests.Encryption;

/// <summary>Reads stored (raw) column values around EF Core's converters, as an attacker with a database dump would.</summary>
internal static class RawColumns
{
    public static Task<List<string?>> ReadAsync(DbContext db, string table, string column, string orderBy = "Id")
    {
        // Identifiers come from the tests themselves, never from input.
        var sql = "SELECT \"" + column + "\" AS \"Value\" FROM \"" + table + "\" ORDER BY \"" + orderBy + "\"";
        return db.Database.SqlQueryRaw<string?>(sql).ToListAsync();
    }

    public static KeyId? KeyIdOf(string? stored) => stored is null ? null : ColumnProtector.Inspect(stored).KeyId;

    public static bool AllUnder(IEnumerable<string?> stored, KeyId key) => stored.Where(s => s is not null).All(s => KeyIdOf(s) == key);
}
