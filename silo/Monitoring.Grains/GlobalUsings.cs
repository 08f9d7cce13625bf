global using Monitoring.Contracts;
global using Orleans;
