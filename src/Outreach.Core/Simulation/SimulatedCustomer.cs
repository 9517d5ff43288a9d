using Outreach.Core.Customers;

namespace Outreach.Core.Simulation;

/// <summary>A synthetic customer with their purchase history; <paramref name="Purchases"/> is the aggregate of <paramref name="Events"/>.</summary>
public sealed record SimulatedCustomer(Customer Customer, PurchaseStats Purchases, IReadOnlyList<CustomerEvent> Events);
