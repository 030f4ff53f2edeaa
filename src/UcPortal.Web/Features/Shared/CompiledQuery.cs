using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Metadata;

namespace UcPortal.Web.Features.Shared;

/// <summary>An EF Core compiled query (EF.CompileAsyncQuery) for the hot paths (decision 035): no
/// expression tree to walk and look up in the query cache per call. A compiled query is bound to the
/// model it first ran with, and one process may hold two (the tests host SQLite and PostgreSQL portals
/// side by side), so it is compiled once per model.</summary>
public sealed class CompiledQuery<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = new();

    public TQuery For(DbContext db) => _byModel.GetValue(db.Model, _ => compile());
}
