global using Monitoring.Contracts;
