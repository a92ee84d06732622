// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.EFCore.Tests.Auditing;

/// <summary>A context whose model marks a date as data subject (refused when the model is built).</summary>
public sealed class DateSubjectDbContext(DbContextOptions<DateSubjectDbContext> options) : DbContext(options)
{
    public DbSet<DateSubjectEntity> Entities => Set<DateSubjectEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddDataGuard();
}
