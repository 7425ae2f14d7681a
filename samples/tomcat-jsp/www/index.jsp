<h1>Inventory</h1><% for (int i = 1; i < 6; i++) { %><a href="/item.jsp?id=<%= i %>">item</a><% } %>
