// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>Cases &lt;- steps &lt;- notes, and cases &lt;- notes: every foreign key cascades (in the model only), so a note is reached twice.</summary>
public sealed class DiamondDbContext(DbContextOptions<DiamondDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<DiamondCase>(c =>
        {
            c.ToTable("DiamondCases");
            c.Property(x => x.OpenedAt).IsUtcTimestamp();
        });
        modelBuilder.Entity<DiamondStep>(s =>
        {
            s.ToTable("DiamondSteps");
            s.HasOne<DiamondCase>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.ClientCascade);
        });
        modelBuilder.Entity<DiamondNote>(n =>
        {
            n.ToTable("DiamondNotes");
            n.HasOne<DiamondCase>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.ClientCascade);
            n.HasOne<DiamondStep>().WithMany().HasForeignKey(x => x.StepId).OnDelete(DeleteBehavior.ClientCascade);
        });
    }
}
